import {
  type CreateServiceItemRequest,
  createServiceItemRequestSchema,
  departmentSchema,
  type RequiredMaterial,
  type ServiceItem,
} from '@daiban/schemas';
import { type ReactNode, useState } from 'react';
import { FormEnd } from '../../app/FormEnd.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { MaterialsEditor } from './MaterialsEditor.tsx';

type Fields = Omit<CreateServiceItemRequest, 'keywords' | 'steps'> & { keywordsText: string; stepsText: string };

const EMPTY: Fields = {
  code: '',
  name: '',
  keywordsText: '',
  department: 'civil_affairs',
  legalBasis: '',
  eligibility: '',
  materials: [{ key: 'm1', name: '', form: 'copy', copies: 1, required: true }],
  stepsText: '',
  timeLimitDays: 10,
  fee: '不收费',
  handling: 'township',
  homeVisit: false,
};

function fieldsOf({ version: _v, publishedAt: _p, keywords, steps, ...item }: ServiceItem): Fields {
  return { ...item, keywordsText: (keywords ?? []).join(' '), stepsText: steps.join('\n') };
}

/** Keywords are typed separated by spaces or commas; steps one per line. */
function requestOf({ keywordsText, stepsText, ...fields }: Fields): CreateServiceItemRequest {
  const keywords = keywordsText.split(/[\s,，、]+/).filter(Boolean);
  return {
    ...fields,
    ...(keywords.length > 0 ? { keywords } : {}),
    steps: stepsText
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

/**
 * The whole item as one form: creating a new one (with its code) or editing the newest
 * version (the code stays). Checked against the shared schema before it is sent.
 */
export function ServiceItemForm({
  item,
  onSave,
  onCancel,
}: {
  item: ServiceItem | null;
  onSave: (request: CreateServiceItemRequest) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [fields, setFields] = useState<Fields>(item ? fieldsOf(item) : EMPTY);
  const [problem, setProblem] = useState<string>();
  const set = (patch: Partial<Fields>) => setFields((f) => ({ ...f, ...patch }));
  const text = (key: 'name' | 'fee', label: string): ReactNode => (
    <label>
      {label}
      <input value={fields[key]} required onChange={(e) => set({ [key]: e.target.value })} />
    </label>
  );
  const longText = (key: 'legalBasis' | 'eligibility', label: string): ReactNode => (
    <label>
      {label}
      <textarea value={fields[key]} required rows={3} onChange={(e) => set({ [key]: e.target.value })} />
    </label>
  );

  return (
    <form
      autoComplete="off"
      className="card item-form"
      aria-label={item ? t('catalogAdmin.editTitle', { name: item.name }) : t('catalogAdmin.new')}
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = createServiceItemRequestSchema.safeParse(requestOf(fields));
        if (!parsed.success) {
          setProblem(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；'));
          return;
        }
        setProblem(undefined);
        void onSave(parsed.data);
      }}
    >
      <h2>{item ? t('catalogAdmin.editTitle', { name: item.name }) : t('catalogAdmin.new')}</h2>
      {item && <p className="hint">{t('catalogAdmin.editHint', { version: item.version, next: item.version + 1 })}</p>}
      <label>
        {t('catalogAdmin.code')}
        <input
          value={fields.code}
          required
          readOnly={item !== null}
          placeholder="MZ-101"
          onChange={(e) => set({ code: e.target.value.toUpperCase() })}
        />
      </label>
      {text('name', t('catalogAdmin.name'))}
      <label>
        {t('catalogAdmin.department')}
        <select value={fields.department} onChange={(e) => set({ department: departmentSchema.parse(e.target.value) })}>
          {departmentSchema.options.map((d) => (
            <option key={d} value={d}>
              {t(`dept.${d}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('catalog.timeLimit')}
        <input
          type="number"
          min={1}
          max={365}
          required
          value={fields.timeLimitDays}
          onChange={(e) => set({ timeLimitDays: e.target.valueAsNumber })}
        />
      </label>
      <label>
        {t('catalogAdmin.keywords')}
        <input value={fields.keywordsText} onChange={(e) => set({ keywordsText: e.target.value })} />
      </label>
      {longText('legalBasis', t('catalog.basis'))}
      {longText('eligibility', t('catalog.eligibility'))}
      <MaterialsEditor materials={fields.materials} onChange={(materials: RequiredMaterial[]) => set({ materials })} />
      <label>
        {t('catalogAdmin.steps')}
        <textarea value={fields.stepsText} required rows={4} onChange={(e) => set({ stepsText: e.target.value })} />
      </label>
      {text('fee', t('catalog.fee'))}
      <label>
        {t('catalog.handling')}
        <select
          value={fields.handling}
          onChange={(e) => set({ handling: e.target.value === 'village' ? 'village' : 'township' })}
        >
          <option value="village">{t('catalog.handling.village')}</option>
          <option value="township">{t('catalog.handling.township')}</option>
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={fields.homeVisit} onChange={(e) => set({ homeVisit: e.target.checked })} />
        {t('catalog.homeVisit')}
      </label>
      {item && (
        <label className="check">
          <input type="checkbox" checked={fields.retired ?? false} onChange={(e) => set({ retired: e.target.checked })} />
          {t('catalogAdmin.retire')}
        </label>
      )}
      <FormEnd problem={problem} submit={item ? t('catalogAdmin.publish') : t('catalogAdmin.create')} onCancel={onCancel} />
    </form>
  );
}
