import { StringDecoder } from "node:string_decoder";
import { z } from "zod";

/**
 * A Chorus logical backup is one gzip'd text file:
 *
 *   {header: format, when, server, migrations, tables with columns, sequences}   one JSON line
 *   @table <name>        then one JSON string per row (its record literal), then `\.`
 *   @jobs                then one JSON line per pending job, then `\.`
 *   @end {rows, jobs}    the counts, so a cut-off file is refused
 *
 * A record literal (`row::text`) is Postgres's own text form of every column, so it loads back
 * exactly; as a JSON string it is one line, and `\.` (not JSON) can only be a section's end.
 */
export const BACKUP_FORMAT = "chorus-backup/1";
export const SECTION_END = "\\.";
export const TABLE_MARK = "@table ";
export const JOBS_MARK = "@jobs";
export const END_MARK = "@end ";

export const BackupHeader = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.string(),
  server: z.string(),
  migrations: z.array(z.object({ id: z.number().int(), name: z.string() })),
  tables: z.array(z.object({ name: z.string(), columns: z.array(z.string()).min(1) })),
  sequences: z.array(z.object({ name: z.string(), lastValue: z.number().nullable() })),
});
export type BackupHeader = z.infer<typeof BackupHeader>;

export const BackupTrailer = z.object({
  rows: z.record(z.string(), z.number().int()),
  jobs: z.number().int(),
});
export type BackupTrailer = z.infer<typeof BackupTrailer>;

/** The lines of a text stream (UTF-8, `\n`-separated), without their newline. */
export async function* lines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for await (const chunk of input) {
    const parts = (rest + (typeof chunk === "string" ? chunk : decoder.write(chunk))).split("\n");
    rest = parts.pop() ?? "";
    yield* parts;
  }
  rest += decoder.end();
  if (rest) yield rest;
}
