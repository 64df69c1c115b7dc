import fs from 'node:fs';
import git, { TreeEntry } from 'isomorphic-git';
import { ObjectSizes } from './limits/ObjectSizes';

/** Folders whose entries one cache keeps. */
const MAX_FOLDERS = 64;

/**
 * What reads of one repository's objects share until its next fetch:
 * isomorphic-git's parsed pack indexes and packs (without them every object
 * read parses every pack index again, a cost that grows with the
 * repository), the declared sizes, and the folders above app paths (a
 * monorepo's `apps/` folder lists every app, and each app's render would
 * parse it again). A fetch adds a pack these do not know: the repository
 * cache starts a new one after each.
 */
export class GitReadCache {
  /** isomorphic-git's `cache` argument. */
  readonly git: object = {};
  readonly sizes: ObjectSizes;
  readonly #folders = new Map<string, Promise<TreeEntry[]>>();

  constructor(private readonly gitdir: string) {
    this.sizes = new ObjectSizes(gitdir);
  }

  /** The entries of a folder on the way to an app path; trees never change, so each is parsed once. */
  folder(oid: string): Promise<TreeEntry[]> {
    let entries = this.#folders.get(oid);
    if (!entries) {
      entries = git
        .readTree({ fs, gitdir: this.gitdir, oid, cache: this.git })
        .then(result => result.tree);
      // A failed read is not remembered.
      entries.catch(() => this.#folders.delete(oid));
      if (this.#folders.size >= MAX_FOLDERS) {
        this.#folders.delete(this.#folders.keys().next().value!);
      }
      this.#folders.set(oid, entries);
    }
    return entries;
  }
}
