import type { ConformanceCertificate } from './certificate.js';
import { escapeXml } from './xml.js';

/** What a badge shows: a grey label on the left, a coloured message on the right. */
export interface BadgeContent {
  readonly label: string;
  readonly message: string;
  /** The message's background, a CSS colour such as `#4c1`. */
  readonly color: string;
}

const PASSED_COLOR = '#4c1';
const FAILED_COLOR = '#e05d44';

// Approximate advance widths of Verdana at 11 px, the font badges are drawn in: enough to size the boxes
// without a font file (an unlisted character counts as wide, so text never overflows).
const NARROW = new Set([..."fijlrt.,:;|!'()[] "]);
const WIDE = new Set([...'mwMW@%']);
function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += NARROW.has(char) ? 4 : WIDE.has(char) ? 10 : char <= '~' ? 7 : 11;
  return width;
}

/**
 * A flat badge as SVG, in the style of shields.io, every text escaped. The `role="img"` and `<title>` make it
 * read as one phrase by screen readers.
 */
export function renderBadge(content: BadgeContent): string {
  const labelWidth = textWidth(content.label) + 10;
  const messageWidth = textWidth(content.message) + 10;
  const width = labelWidth + messageWidth;
  const label = escapeXml(content.label);
  const message = escapeXml(content.message);
  const color = /^#[0-9a-fA-F]{3,8}$/.test(content.color) ? content.color : FAILED_COLOR;
  const title = `${label}: ${message}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">`,
    `  <title>${title}</title>`,
    '  <linearGradient id="shine" x2="0" y2="100%">',
    '    <stop offset="0" stop-color="#bbb" stop-opacity=".1"/>',
    '    <stop offset="1" stop-opacity=".1"/>',
    '  </linearGradient>',
    '  <clipPath id="round">',
    `    <rect width="${width}" height="20" rx="3" fill="#fff"/>`,
    '  </clipPath>',
    '  <g clip-path="url(#round)">',
    `    <rect width="${labelWidth}" height="20" fill="#555"/>`,
    `    <rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${color}"/>`,
    `    <rect width="${width}" height="20" fill="url(#shine)"/>`,
    '  </g>',
    '  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">',
    `    <text x="${labelWidth / 2}" y="15" fill="#010101" fill-opacity=".3">${label}</text>`,
    `    <text x="${labelWidth / 2}" y="14">${label}</text>`,
    `    <text x="${labelWidth + messageWidth / 2}" y="15" fill="#010101" fill-opacity=".3">${message}</text>`,
    `    <text x="${labelWidth + messageWidth / 2}" y="14">${message}</text>`,
    '  </g>',
    '</svg>',
    '',
  ].join('\n');
}

/** The badge of a certificate: "neural conformance | contract 1.x passed", green, or "… failed", red. */
export function certificateBadge(certificate: ConformanceCertificate): string {
  const major = certificate.contract.version.split('.')[0];
  const passed = certificate.verdict === 'passed';
  return renderBadge({
    label: 'neural conformance',
    message: `contract ${major}.x ${passed ? 'passed' : 'failed'}`,
    color: passed ? PASSED_COLOR : FAILED_COLOR,
  });
}

/** Where the badge goes when only the certificate's path is given: beside it, `.json` replaced by `.svg`. */
export function badgePathFor(certificatePath: string): string {
  return `${certificatePath.replace(/\.json$/i, '')}.svg`;
}
