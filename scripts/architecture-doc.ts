// Regenerates the layers table and the folder graph of docs/architecture.md from the code (dependency-cruiser). A test checks it is up to date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fromPackageRoot } from '../src/package-root';
import { architectureSection, cruise, withSection } from './architecture/graph';

const file = fromPackageRoot('docs', 'architecture.md');
writeFileSync(file, withSection(readFileSync(file, 'utf8'), architectureSection(cruise())));
console.log(`wrote ${file}`);
