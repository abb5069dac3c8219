/**
 * Header lines and hyphenation as a reader sees them in `man -l` at 80 columns (issue 16,
 * items 15 and 16): the fixtures roam-header (an org-roam file name beside its title) and
 * hyphenation-after-code (long words after a code block and a link) pass the oracle's layout
 * check, and the same pages written the old way fail it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeNeeding } from '@orgnotes/vitest-config/corpus';
import { HEADER_WIDTH, pageHeader } from '../src/index.js';
import { layoutProblems, lintPages, missingLinters, renderText } from './oracle.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
/** A fixture's golden page (expected.<section>) and the file name the page has. */
const expectedPage = (name: string) => {
  const dir = path.join(fixtures, name);
  const files = readdirSync(dir);
  const main = files.includes('input.org') ? 'input.org' : files.find((f) => f.endsWith('.org'))!;
  const golden = files.find((f) => /^expected\.\d\w*$/.test(f))!;
  return {
    file: main.replace(/\.org$/, golden.slice('expected'.length)),
    content: readFileSync(path.join(dir, golden), 'utf8'),
  };
};

describe('page header fields', () => {
  it('keeps a short name and the title in the centre', () => {
    expect(pageHeader('docker', '7', '2024-05-06', 'Docker Notes')).toEqual({
      title: 'DOCKER',
      centre: 'Docker Notes',
    });
  });

  it('cuts a long org-roam name at a word end and leaves out a centre that cannot fit', () => {
    const header = pageHeader(
      '20210501123456-how_i_take_notes_in_org_roam',
      '7',
      '2024-05-06',
      'How I Take Notes with Org-roam',
    );
    expect(header).toEqual({ title: '20210501123456-HOW_I_TAKE', centre: '' });
  });

  it('keeps the centre beside a cut title when there is room', () => {
    const header = pageHeader(
      'a_b_c_d_e_f_g_h_i_j_k_l_m_n_o_p_q_r_s_t_u_v_w_x_y_z',
      '7',
      '2024-05-06',
      'Abc',
    );
    expect(header.centre).toBe('Abc');
    expect(
      'a_b_c_d_e_f_g_h_i_j_k_l_m_n_o_p_q_r_s_t_u_v_w_x_y_z'.toUpperCase().startsWith(header.title),
    ).toBe(true);
    expect(2 * (header.title.length + 3) + 3 + 4).toBeLessThanOrEqual(HEADER_WIDTH);
  });
});

describeNeeding(missingLinters, 'the man-page validators (mandoc, groff, man, lexgrog)', () => {
  for (const name of ['roam-header', 'hyphenation-after-code', 'long-name']) {
    it(`${name}: mandoc, groff and man -l at 80 columns say nothing, header and footer intact`, async () => {
      const { file, content } = expectedPage(name);
      expect((await lintPages([{ name: file, content }])).get(file)).toEqual([]);
    });
  }

  it('roam-header: the header shows the cut name on both sides, the full name stays in NAME', async () => {
    const text = await renderText(expectedPage('roam-header').content);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^20210501123456-HOW_I_TAKE\(7\) +20210501123456-HOW_I_TAKE\(7\)$/);
    expect(text.replace(/\s+/g, ' ')).toContain(
      '20210501123456-how_i_take_notes_in_org_roam - How I Take Notes with Org-roam',
    );
  });

  it('roam-header written with the full name and title in .TH fails the header check', async () => {
    const { content } = expectedPage('roam-header');
    const old = content.replace(
      /^\.TH .*$/m,
      '.TH "20210501123456\\-HOW_I_TAKE_NOTES_IN_ORG_ROAM" "7" "2024-05-06" "orgnotes" "How I Take Notes with Org-roam"',
    );
    expect(layoutProblems(await renderText(old), old).join('\n')).toMatch(/header line is not/);
  });

  it('hyphenation-after-code: no word is split after the code block, the link and the example', async () => {
    const { content } = expectedPage('hyphenation-after-code');
    expect(content.match(/^\.EE$/gm)).toHaveLength(2);
    expect(layoutProblems(await renderText(content), content)).toEqual([]);
    // Without `.nr HY 0`, .EE turns hyphenation back on (the old pages): the check sees it.
    const old = content.replace('.nr HY 0\n', '');
    expect(layoutProblems(await renderText(old), old).join('\n')).toMatch(/is hyphenated/);
  });
});
