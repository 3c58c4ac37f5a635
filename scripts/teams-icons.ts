// Writes teams/color.png and teams/outline.png. The PNGs are committed: run this only to change the design.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { colorIcon, outlineIcon } from './teams/icons';
import { fromPackageRoot } from '../src/package-root';
import { encodePng } from './teams/png';

const dir = fromPackageRoot('teams');
for (const [file, image] of [
  ['color.png', colorIcon()],
  ['outline.png', outlineIcon()],
] as const) {
  writeFileSync(join(dir, file), encodePng(image));
  console.log(`wrote ${join(dir, file)} (${image.width}×${image.height})`);
}
