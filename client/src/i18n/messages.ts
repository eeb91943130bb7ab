import { en } from './en.ts';
import { zh } from './zh.ts';

/** The one table of UI text: Chinese first (zh.ts), English second (en.ts), key for key. */
export type MessageKey = keyof typeof zh;

export { en, zh };
