import { isOneOf, parseDateAnswer, parseNumberAnswer } from '../../src/eligibility/answers';

describe('dates as people write them', () => {
  it.each([
    ['2023-05-01', '2023-05-01'],
    ['1er mai 2023', '2023-05-01'],
    ['1 mai 2023', '2023-05-01'],
    ['le 3 juin 2022', '2022-06-03'],
    ['15 août 2024', '2024-08-15'],
    ['15 aout 2024', '2024-08-15'],
    ['May 1 2023', '2023-05-01'],
    ['May 1, 2023', '2023-05-01'],
    ['may 1st, 2023', '2023-05-01'],
    ['1 May 2023', '2023-05-01'],
    ['Sept. 12 2021', '2021-09-12'],
    ['janv. 2020', '2020-01-01'],
    ['mai 2023', '2023-05-01'],
    ['in March 2024', '2024-03-01'],
    ['2023-05', '2023-05-01'],
    ['01/05/2023', '2023-05-01'],
  ])('%j → %s', (text, expected) => expect(parseDateAnswer(text)).toBe(expected));

  it.each(['', 'hier', 'yesterday', '2023-02-30', '31 février 2023', 'Smarch 3 2020', '13/13/2023', 'mai', '2023'])('%j is not a date', (text) =>
    expect(parseDateAnswer(text)).toBeUndefined(),
  );
});

describe('numbers', () => {
  it.each([
    ['34', 34],
    ['34 ans', 34],
    ['34 years old', 34],
    [' 7 ', 7],
    ['2,5', 2.5],
  ])('%j → %d', (text, n) => expect(parseNumberAnswer(text)).toBe(n));
  it.each(['', 'trente', 'abc 34', '3 4'])('%j is not a number', (text) => expect(parseNumberAnswer(text)).toBeUndefined());
});

describe('words and options', () => {
  it('matches words ignoring case, accents and end punctuation', () => {
    expect(isOneOf('Je ne sais pas.', ['je ne sais pas'])).toBe(true);
    expect(isOneOf('RETOUR', ['retour', 'back'])).toBe(true);
    expect(isOneOf('retourner', ['retour'])).toBe(false);
  });
});
