import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { indexPath, loadOrBuildIndex, saveIndex } from '../../src/search/index-store';
import { SearchIndex } from '../../src/search/search-index';
import { knowledgeDir, REAL_KNOWLEDGE, sampleOffering } from '../helpers/knowledge-fixture';

const kb = loadKnowledgeDir(REAL_KNOWLEDGE).kb!;
const index = SearchIndex.build(kb);
const top = (q: string, lang: 'fr' | 'en' = 'fr', n = 3) =>
  index
    .search(q, { lang })
    .slice(0, n)
    .map((h) => h.id);

describe('search over both languages', () => {
  it('finds French classes in either language', () => {
    expect(top('cours de français', 'fr', 1)).toEqual(['francisation-quebec']);
    expect(top('French classes', 'en', 1)).toEqual(['francisation-quebec']);
    expect(top('French classes', 'fr', 1)).toEqual(['francisation-quebec']);
    expect(top('francisation', 'en', 1)).toEqual(['francisation-quebec']);
  });

  it('finds social assistance from "welfare" and from "aide sociale"', () => {
    expect(top('welfare', 'en')).toContain('aide-sociale');
    expect(top('aide sociale', 'fr')).toContain('aide-sociale');
    expect(top('welfare', 'fr')).toContain('aide-sociale');
  });

  it('folds diacritics: équivalence = equivalence, Québec = quebec', () => {
    expect(index.search('équivalence diplôme')[0]?.id).toBe(index.search('equivalence diplome')[0]?.id);
    expect(index.search('ÉVALUATION COMPARATIVE')[0]?.id).toBe('evaluation-comparative');
    expect(index.search('Assurance maladie du Quebec').map((h) => h.id)).toEqual(index.search('Assurance maladie du Québec').map((h) => h.id));
  });

  it("splits French elisions: l'aide juridique finds legal aid", () => {
    expect(top("j'ai besoin de l'aide juridique", 'fr')).toContain('aide-juridique');
    expect(top('l’aide juridique', 'fr')).toContain('aide-juridique');
  });

  it('reads short numbers spelled digit by digit as one number: 9-8-8 is 988, 2-1-1 is 211', () => {
    expect(top('9-8-8', 'fr', 1)).toEqual(top('988', 'fr', 1));
    expect(top('9-8-8', 'en', 1)).toEqual(['urgences-lignes-de-crise']);
    expect(top('appeler le 2-1-1', 'fr', 1)).toEqual(['service-211']);
    expect(top('8.1.1', 'en', 1)).toEqual(['info-sante-811']);
  });

  it('tolerates a typo in words of five letters or more', () => {
    expect(top('francisaton', 'fr', 1)).toEqual(['francisation-quebec']);
    expect(top('helth insurance', 'en')).toContain('ramq-assurance-maladie');
    expect(top('alocation famille', 'fr')).toContain('allocation-famille');
  });

  it('ranks a match in the name above one in the description', () => {
    const hits = index.search('PRIIME', { lang: 'fr' });
    expect(hits[0]?.id).toBe('priime');
  });

  it('returns the hits best first with their names in both languages', () => {
    const hits = index.search('logement', { lang: 'fr' });
    expect(hits.length).toBeGreaterThan(0);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    expect(hits[0]!.name.fr.length).toBeGreaterThan(0);
    expect(hits[0]!.name.en.length).toBeGreaterThan(0);
  });
});

describe('filters', () => {
  it('by category', () => {
    const hits = index.search('aide', { categories: ['housing'] });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(kb.get(h.id)!.categories).toContain('housing');
  });

  it('by region: an offering limited to other regions is left out', () => {
    const dir = knowledgeDir({
      'montreal-only': sampleOffering({ regions: ['montreal'] }),
      everywhere: sampleOffering({ regions: 'all' }),
    });
    const small = SearchIndex.build(loadKnowledgeDir(dir).kb!);
    expect(small.search('cooking', { region: 'estrie' }).map((h) => h.id)).toEqual(['everywhere']);
    expect(
      small
        .search('cooking', { region: 'montreal' })
        .map((h) => h.id)
        .sort(),
    ).toEqual(['everywhere', 'montreal-only']);
  });

  it('by language of service', () => {
    const hits = index.search('santé', { serviceLanguage: 'en' });
    for (const h of hits) expect(kb.get(h.id)!.languages).toContain('en');
  });
});

describe('the serialized index', () => {
  it('loads when the knowledge hash matches and answers like the built one', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-idx-'));
    saveIndex(index, dataDir);
    const loaded = loadOrBuildIndex(kb, dataDir);
    expect(loaded.source).toBe('loaded');
    expect(loaded.index.search('cours de français')).toEqual(index.search('cours de français'));
  });

  it('is rebuilt when the knowledge changed, or the file is corrupt', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-idx-'));
    saveIndex(index, dataDir);
    const other = loadKnowledgeDir(knowledgeDir({ 'cooking-classes': sampleOffering() })).kb!;
    const rebuilt = loadOrBuildIndex(other, dataDir);
    expect(rebuilt.source).toBe('built');
    expect(rebuilt.index.search('cooking').map((h) => h.id)).toEqual(['cooking-classes']);
    expect(loadOrBuildIndex(other, dataDir).source).toBe('loaded');

    writeFileSync(indexPath(dataDir), '{"format": "passerelle-search", trunc');
    expect(loadOrBuildIndex(other, dataDir).source).toBe('built');
  });
});
