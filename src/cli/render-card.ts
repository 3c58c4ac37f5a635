import type { CardActionData } from '../cards/adaptive-card';

/** What the terminal prints for one reply, and the buttons it offers (numbered from `firstButton`). */
export interface Rendered {
  lines: string[];
  buttons: CardActionData[];
}

interface Node {
  type?: string;
  text?: string;
  weight?: string;
  size?: string;
  color?: string;
  isSubtle?: boolean;
  separator?: boolean;
  items?: Node[];
  body?: Node[];
  facts?: { title: string; value: string }[];
  actions?: Node[];
  title?: string;
  url?: string;
  data?: unknown;
}

/** `[title](url)` → `title <url>`: markdown links are unreadable in a terminal. */
const plain = (text: string) => text.replace(/\[([^\]]*)\]\(([^)]+)\)/g, '$1 <$2>');

/**
 * An Adaptive Card as readable text: headings marked, facts as "title: value", buttons as
 * `[#n title]` (typed back to click them) and links with their address.
 */
export function renderCard(card: unknown, firstButton = 1, fact: (title: string, value: string) => string = (title, value) => `${title}: ${value}`): Rendered {
  const lines: string[] = [];
  const buttons: CardActionData[] = [];
  const actionsLine = (actions: Node[]) => {
    const parts = actions.map((a) => {
      if (a.type === 'Action.Submit' && a.data && typeof a.data === 'object') {
        buttons.push(a.data as CardActionData);
        return `[#${firstButton + buttons.length - 1} ${a.title ?? ''}]`;
      }
      if (a.type === 'Action.OpenUrl') return `[${a.title ?? ''} <${a.url ?? ''}>]`;
      return `[${a.title ?? ''}]`;
    });
    if (parts.length) lines.push(parts.join(' '));
  };
  const walk = (nodes: Node[] | undefined) => {
    for (const n of nodes ?? []) {
      if (n.separator) lines.push('─'.repeat(40));
      switch (n.type) {
        case 'TextBlock': {
          const text = plain(n.text ?? '');
          const marker = n.color === 'Attention' ? '⚠ ' : n.size === 'Large' ? '# ' : n.weight === 'Bolder' ? '## ' : '';
          for (const [i, line] of text.split('\n').entries()) lines.push(i === 0 ? `${marker}${line}` : line);
          break;
        }
        case 'FactSet':
          for (const f of n.facts ?? []) lines.push(fact(f.title, plain(f.value)));
          break;
        case 'Container':
          walk(n.items);
          break;
        case 'ActionSet':
          actionsLine(n.actions ?? []);
          break;
      }
    }
  };
  const root = (card ?? {}) as Node;
  walk(root.body);
  actionsLine(root.actions ?? []);
  return { lines, buttons };
}
