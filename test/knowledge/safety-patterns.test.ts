import { compilePattern, haystack, PatternError, safetyWords } from '../../src/knowledge/safety-patterns';

const matches = (pattern: string, text: string, lists = {}) => compilePattern(pattern, lists).regex.test(haystack(safetyWords(text)));

describe('the safety pattern language', () => {
  it('folds case, accents, apostrophes and Arabic letter forms the same way in patterns and messages', () => {
    expect(safetyWords("J'ai envie d'en FINIR!")).toEqual(['j', 'ai', 'envie', 'd', 'en', 'finir']);
    expect(safetyWords('Québec')).toEqual(['quebec']);
    expect(safetyWords('أريد')).toEqual(safetyWords('اريد'));
    expect(matches("envie d'en finir", 'j ai envie d en finir')).toBe(true);
  });

  it('matches words, prefixes, alternatives, groups, optional elements and gaps', () => {
    expect(matches('suicid*', 'je suis suicidaire')).toBe(true);
    expect(matches('mari|conjoint ~ frappe', 'mon conjoint me frappe')).toBe(true);
    expect(matches('mari|conjoint ~ frappe', 'mon conjoint ne me parle pas et il frappe')).toBe(false);
    expect(matches('mari ~~ frappe', 'mon mari crie tout le temps et me frappe')).toBe(true);
    expect(matches('(i am|we are) in danger', 'we are in danger')).toBe(true);
    expect(matches('help (me|us)? now', 'help now')).toBe(true);
  });

  it('anchors to the start and end, and refuses a next word with !', () => {
    expect(matches('^ help me $', 'help me')).toBe(true);
    expect(matches('^ help me $', 'help me find a job')).toBe(false);
    expect(matches('want to live !in|with', 'I don t want to live anymore')).toBe(true);
    expect(matches('want to live !in|with', 'I don t want to live in Montreal')).toBe(false);
  });

  it('expands word lists, once or repeated', () => {
    const lists = { partner: ['husband', 'wife'], filler: ['please', 'now'] };
    expect(matches('@partner ~ hits me', 'my wife hits me', lists)).toBe(true);
    expect(matches('^ @filler* help @filler* $', 'please help now please', lists)).toBe(true);
    expect(() => compilePattern('@nobody hits', lists)).toThrow(PatternError);
  });

  it('says what is wrong with a bad pattern', () => {
    expect(() => compilePattern('~')).toThrow(/at least one word/);
    expect(() => compilePattern('a ^ b')).toThrow(/only at the start or the end/);
    expect(() => compilePattern('(a b')).toThrow(/parentheses enclose a whole element/);
    expect(() => compilePattern('a b|c d')).not.toThrow();
    expect(() => compilePattern('!laughing|(my hair)')).toThrow(/parentheses enclose a whole element/);
  });
});
