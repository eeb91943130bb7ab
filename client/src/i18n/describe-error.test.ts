import { describe, expect, it } from 'vitest';
import { CommandError } from '../data/errors.ts';
import { ServerError } from '../sync/api-client.ts';
import { describeError, inLanguage } from './describe-error.ts';
import { translator } from './i18n.tsx';

const zh = translator('zh-CN');
const en = translator('en');

describe('error texts in the language the user chose', () => {
  it('shows the server’s words in one language only, never both', () => {
    const wrong = new ServerError(401, 'unauthorized', '用户名或密码不正确 (wrong username or password)');
    expect(describeError(wrong, zh)).toBe('用户名或密码不正确');
    expect(describeError(wrong, en)).toBe('wrong username or password');
  });

  it('maps reasons whose server text says little to the table, in either language', () => {
    const failed = new ServerError(500, 'internal', '服务器内部错误 (internal error)');
    expect(describeError(failed, zh)).toBe('乡镇服务器出错，请稍后再试');
    expect(describeError(failed, en)).toBe('The township server failed; please try again later');
  });

  it('keeps a message not written in both languages whole, and commands’ own texts', () => {
    expect(inLanguage('没有括号的消息', 'en')).toBe('没有括号的消息');
    expect(inLanguage('尚缺：户口簿（原件） (required materials missing)', 'zh-CN')).toBe('尚缺：户口簿（原件）');
    expect(describeError(new CommandError('error.caseLocked', 'not_allowed'), en)).toMatch(/can no longer change/);
  });
});
