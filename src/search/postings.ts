import type { lunr } from './lunr-languages';

/** lunr 2.3.9's internals read here; its published types lack them. */
interface LunrInternals {
  invertedIndex: Record<string, { _index: number }>;
  fieldVectors: Record<string, { elements: number[] }>;
}

export interface Scored {
  doc: number;
  score: number;
  /** The OR of the masks of the query terms this document holds (which query words it answers). */
  mask: number;
}

/** A query term's boost, and a bit mask of the query words it stands for (up to 32). */
export interface Clause {
  boost: number;
  mask: number;
}

/** The stored form: typed arrays as base64, so a large index loads without parsing millions of objects. */
export interface SerializedPostings {
  refs: string[];
  terms: string[];
  offsets: string;
  docs: string;
  weights: string;
}

/**
 * A flat, read-only copy of a lunr index's weights: for each term, the documents that hold it and
 * the term's weight in each: its BM25 score (field boost included) summed over fields. A score is
 * what lunr's `Index.query` computes: the weights times the query's boosts, divided by the query
 * vector's magnitude. So scores equal lunr's (a test checks it), but a query walks typed
 * arrays instead of building match objects for every matching field of every document, which is
 * where lunr spends its time and memory on a large collection.
 */
export class Postings {
  /** Scratch accumulator, reused by every query (search is synchronous). */
  private readonly acc: Float64Array;
  private readonly accMask: Uint32Array;
  private readonly termNumber: Map<string, number>;

  private constructor(
    readonly refs: string[],
    private readonly terms: string[],
    /** Postings of term t are docs[offsets[t]] .. docs[offsets[t + 1] - 1]. */
    private readonly offsets: Uint32Array,
    private readonly docs: Uint32Array,
    private readonly weights: Float32Array,
  ) {
    this.termNumber = new Map(terms.map((t, i) => [t, i]));
    this.acc = new Float64Array(refs.length);
    this.accMask = new Uint32Array(refs.length);
  }

  static fromLunr(index: lunr.Index): Postings {
    const { invertedIndex, fieldVectors } = index as unknown as LunrInternals;
    const terms: string[] = [];
    for (const term of Object.keys(invertedIndex)) terms[invertedIndex[term]!._index] = term;

    const refs: string[] = [];
    const docNumber = new Map<string, number>();
    const docs: number[][] = terms.map(() => []);
    const weights: number[][] = terms.map(() => []);
    for (const fieldRef of Object.keys(fieldVectors)) {
      const ref = fieldRef.slice(fieldRef.indexOf('/') + 1); // lunr's FieldRef: "field/docRef"
      let doc = docNumber.get(ref);
      if (doc === undefined) {
        doc = refs.length;
        docNumber.set(ref, doc);
        refs.push(ref);
      }
      const el = fieldVectors[fieldRef]!.elements;
      for (let i = 0; i < el.length; i += 2) {
        const t = el[i]!;
        const d = docs[t]!;
        const w = weights[t]!;
        // A document's fields come one after another, so the same document merges in place.
        if (d.length > 0 && d[d.length - 1] === doc) w[w.length - 1]! += el[i + 1]!;
        else {
          d.push(doc);
          w.push(el[i + 1]!);
        }
      }
    }
    const offsets = new Uint32Array(terms.length + 1);
    terms.forEach((_t, i) => (offsets[i + 1] = offsets[i]! + docs[i]!.length));
    return new Postings(refs, terms, offsets, Uint32Array.from(docs.flat()), Float32Array.from(weights.flat()));
  }

  static fromJSON(s: SerializedPostings): Postings {
    const bytes = (b64: string) => {
      const buf = Buffer.from(b64, 'base64');
      return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength); // aligned copy
    };
    return new Postings(s.refs, s.terms, new Uint32Array(bytes(s.offsets)), new Uint32Array(bytes(s.docs)), new Float32Array(bytes(s.weights)));
  }

  toJSON(): SerializedPostings {
    const b64 = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
    return { refs: this.refs, terms: this.terms, offsets: b64(this.offsets), docs: b64(this.docs), weights: b64(this.weights) };
  }

  has(term: string): boolean {
    return this.termNumber.has(term);
  }

  /** The best `limit` documents for weighted terms, best first, among those `accept` keeps. */
  top(query: ReadonlyMap<string, number | Clause>, limit: number, accept: (doc: number) => boolean = () => true): Scored[] {
    const { acc, accMask, docs, weights, offsets } = this;
    const touched: number[] = [];
    let squares = 0;
    for (const [term, clause] of query) {
      const t = this.termNumber.get(term);
      if (t === undefined) continue;
      const { boost, mask } = typeof clause === 'number' ? { boost: clause, mask: 0 } : clause;
      squares += boost * boost;
      for (let i = offsets[t]!, end = offsets[t + 1]!; i < end; i++) {
        const d = docs[i]!;
        if (acc[d] === 0) touched.push(d);
        acc[d]! += boost * weights[i]!;
        accMask[d]! |= mask;
      }
    }
    // Keep the best `limit` in a small sorted array: linear in the matches, no full sort.
    const best: Scored[] = [];
    const magnitude = Math.sqrt(squares);
    for (const d of touched) {
      const score = acc[d]! / magnitude;
      const mask = accMask[d]!;
      acc[d] = 0;
      accMask[d] = 0;
      if (best.length === limit && score <= best[best.length - 1]!.score) continue;
      if (!accept(d)) continue;
      let i = best.length;
      while (i > 0 && best[i - 1]!.score < score) i--;
      best.splice(i, 0, { doc: d, score, mask });
      if (best.length > limit) best.pop();
    }
    return best;
  }
}
