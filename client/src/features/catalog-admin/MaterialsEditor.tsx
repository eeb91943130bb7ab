import { materialFormSchema, type RequiredMaterial } from '@daiban/schemas';
import { useI18n } from '../../i18n/i18n.tsx';

/** A key for a new material line, unique within the item (cases key their checklist by it). */
function newKey(materials: RequiredMaterial[]): string {
  const taken = new Set(materials.map((m) => m.key));
  let n = materials.length + 1;
  while (taken.has(`m${n}`)) n += 1;
  return `m${n}`;
}

/** The item's material list (申请材料): name, original or copy, copies, required, notes. */
export function MaterialsEditor({
  materials,
  onChange,
}: {
  materials: RequiredMaterial[];
  onChange: (next: RequiredMaterial[]) => void;
}) {
  const { t } = useI18n();
  const set = (i: number, patch: Partial<RequiredMaterial>) =>
    onChange(materials.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <fieldset className="materials-editor">
      <legend>{t('catalog.materials')}</legend>
      {materials.map((m, i) => (
        <div key={m.key} className="material-line" data-testid={`material-${i}`}>
          <label>
            {t('catalogAdmin.materialName')}
            <input value={m.name} required maxLength={100} onChange={(e) => set(i, { name: e.target.value })} />
          </label>
          <label>
            {t('catalog.material.form')}
            <select value={m.form} onChange={(e) => set(i, { form: materialFormSchema.parse(e.target.value) })}>
              {materialFormSchema.options.map((f) => (
                <option key={f} value={f}>
                  {t(`form.${f}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('catalog.material.copies')}
            <input type="number" min={0} max={20} value={m.copies} onChange={(e) => set(i, { copies: e.target.valueAsNumber })} />
          </label>
          <label className="check">
            <input type="checkbox" checked={m.required} onChange={(e) => set(i, { required: e.target.checked })} />
            {t('catalog.required')}
          </label>
          <label>
            {t('catalogAdmin.materialNotes')}
            <input
              value={m.notes ?? ''}
              maxLength={300}
              onChange={(e) => {
                const { notes: _, ...rest } = m;
                onChange(materials.map((x, j) => (j === i ? (e.target.value ? { ...rest, notes: e.target.value } : rest) : x)));
              }}
            />
          </label>
          <button type="button" disabled={materials.length === 1} onClick={() => onChange(materials.filter((_, j) => j !== i))}>
            {t('catalogAdmin.removeMaterial')}
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => onChange([...materials, { key: newKey(materials), name: '', form: 'copy', copies: 1, required: true }])}
      >
        {t('catalogAdmin.addMaterial')}
      </button>
    </fieldset>
  );
}
