/**
 * dynalite 4.0.0 ends the stream of every Query and Scan with `iterator.return()`, which
 * abstract-level 3 iterators do not have (they end with `close()`): so each query left its
 * LevelDB iterator open — and the database snapshot it holds — for the life of the process.
 * The heap grew by about a kilobyte a query (a bulk import of 100,000 records runs half a
 * million), and LevelDB could not drop the table files those snapshots still saw. Until
 * dynalite closes its iterators itself, `return()` does what `close()` does. Imported for
 * this effect by dynalite.ts, before any engine starts.
 */
import { AbstractIterator, AbstractKeyIterator, AbstractValueIterator } from 'abstract-level';

type Closable = { close(): Promise<void>; return?: () => Promise<void> };

for (const Iterator of [AbstractIterator, AbstractKeyIterator, AbstractValueIterator]) {
  const prototype = Iterator.prototype as unknown as Closable;
  prototype.return ??= function closeIterator(this: Closable) {
    return this.close();
  };
}
