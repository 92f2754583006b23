/**
 * Turns the bytes of a roster export into text. Excel on Dutch Windows saves "CSV" as Windows-1252 and
 * "Unicode text" as UTF-16; everything else is UTF-8, with or without a BOM.
 */
export type RosterEncoding = 'utf-8' | 'utf-16le' | 'windows-1252';

export interface DecodedText {
  readonly text: string;
  readonly encoding: RosterEncoding;
}

export function decodeRosterBytes(content: Buffer | string): DecodedText {
  if (typeof content === 'string') return { text: stripBom(content), encoding: 'utf-8' };
  if (content[0] === 0xff && content[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(content.subarray(2)), encoding: 'utf-16le' };
  }
  try {
    // fatal: a Windows-1252 "é" is not valid UTF-8, and we want to know rather than show "�" in a name.
    return { text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(content)), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(content), encoding: 'windows-1252' };
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export type Delimiter = ',' | ';' | '\t';

/** Excel honours a first line `sep=;`; it names the delimiter and is not part of the table. */
export function takeSepLine(text: string): { text: string; delimiter: Delimiter | null } {
  const match = /^sep=([,;\t])[ \t]*\r?\n/i.exec(text);
  if (match == null) return { text, delimiter: null };
  return { text: text.slice(match[0].length), delimiter: match[1] as Delimiter };
}

/**
 * Picks the delimiter that occurs most often in the header line, outside quotes. A header is short and written by the
 * export, so it is a better witness than data rows, whose names and remarks may contain any of the three.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let seenText = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      // Leading blank lines are not the header.
      if (seenText) break;
    } else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char] += 1;
    if (char.trim() !== '') seenText = true;
  }
  // Ties go to ';' (the Dutch Excel default), then tab, then ','.
  const order: readonly Delimiter[] = [';', '\t', ','];
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const delimiter of order) {
    if (counts[delimiter] > bestCount) {
      best = delimiter;
      bestCount = counts[delimiter];
    }
  }
  return best;
}
