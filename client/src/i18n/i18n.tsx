import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { en, type MessageKey, zh } from './messages.ts';

export type Lang = 'zh-CN' | 'en';
const TABLES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };
const STORAGE_KEY = 'daiban.lang';

export type Translate = ((key: MessageKey, params?: Record<string, string | number>) => string) & {
  /** The language it translates into. */
  lang: Lang;
};

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const text = TABLES[lang][key];
  return params ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : text;
}

export function translator(lang: Lang): Translate {
  return Object.assign((key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params), { lang });
}

interface I18n {
  lang: Lang;
  t: Translate;
  toggle(): void;
}

const I18nContext = createContext<I18n | null>(null);

export function storedLang(): Lang {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState<Lang>(storedLang);
  const toggle = useCallback(() => {
    setLang((current) => {
      const next = current === 'zh-CN' ? 'en' : 'zh-CN';
      localStorage.setItem(STORAGE_KEY, next);
      document.documentElement.lang = next;
      return next;
    });
  }, []);
  const value = useMemo<I18n>(() => ({ lang, t: translator(lang), toggle }), [lang, toggle]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
