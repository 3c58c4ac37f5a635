import lunr from 'lunr';
import stemmerSupport from 'lunr-languages/lunr.stemmer.support';
import fr from 'lunr-languages/lunr.fr';

// lunr-languages registers itself on the lunr object it is given; do it once for the process.
stemmerSupport(lunr);
fr(lunr);

type PipelineFn = (token: lunr.Token) => lunr.Token | undefined;
const lunrFr = (lunr as unknown as { fr: { stemmer: PipelineFn; stopWordFilter: PipelineFn } }).fr;

/** Stemmers and stop-word lists by language, as plain string functions. */
export const stemmers = {
  fr: (word: string) => lunrFr.stemmer(new lunr.Token(word, {}))?.toString() ?? word,
  en: (word: string) => (lunr.stemmer as unknown as PipelineFn)(new lunr.Token(word, {}))?.toString() ?? word,
};

export const isStopWordIn = {
  fr: (word: string) => lunrFr.stopWordFilter(new lunr.Token(word, {})) === undefined,
  en: (word: string) => (lunr.stopWordFilter as unknown as PipelineFn)(new lunr.Token(word, {})) === undefined,
};

export { lunr };

/** lunr's token sets (finite-state automata) as lunr 2.3.9 has them; its published types lack these. */
export interface TokenSet {
  intersect(other: TokenSet): TokenSet;
  toArray(): string[];
}
export const TokenSets = lunr.TokenSet as unknown as {
  /** From sorted words. */
  fromArray(sorted: string[]): TokenSet;
  /** From a word, `*` matching any suffix. */
  fromString(word: string): TokenSet;
  fromFuzzyString(word: string, editDistance: number): TokenSet;
};

/** The index's terms, as lunr 2.3.9 keeps them (a prototype-less object). */
export const hasTerm = (index: lunr.Index, term: string): boolean =>
  Object.prototype.hasOwnProperty.call((index as unknown as { invertedIndex: object }).invertedIndex, term);
