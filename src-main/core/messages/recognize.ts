/**
 * A message's code from its English text: photos that could not be read keep
 * their reason as English text in the library (older libraries too), so the
 * window finds the message code and its parameters again and words the reason
 * in the user's language. Browser-safe, like the catalog.
 */
import { ERROR_MESSAGES, type MessageKey, type Params } from './catalog.js';

interface Pattern {
  key: MessageKey;
  re: RegExp;
  names: string[];
  /** characters outside parameters: the most specific template wins */
  literal: number;
}

let patterns: Pattern[] | undefined;

function compile(): Pattern[] {
  const out: Pattern[] = [];
  for (const key of Object.keys(ERROR_MESSAGES) as MessageKey[]) {
    const en = ERROR_MESSAGES[key].en;
    const names: string[] = [];
    let literal = 0;
    const source = en
      .split(/(\{\w+\})/)
      .map((part) => {
        const m = /^\{(\w+)\}$/.exec(part);
        if (!m) {
          literal += part.length;
          return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        }
        names.push(m[1]!);
        return '([\\s\\S]*?)';
      })
      .join('');
    // A template that is little but parameters ("{detail}") would claim any text: not a recognisable message.
    if (literal >= 6) out.push({ key, re: new RegExp(`^${source}$`), names, literal });
  }
  return out.sort((a, b) => b.literal - a.literal);
}

/** The message code and parameters whose English text this is, or null for text the catalog never wrote. */
export function recognizeMessage(text: string): { key: MessageKey; params: Params } | null {
  patterns ??= compile();
  for (const p of patterns) {
    const m = p.re.exec(text);
    if (!m) continue;
    const params: Params = {};
    p.names.forEach((n, i) => (params[n] = m[i + 1]!));
    return { key: p.key, params };
  }
  return null;
}
