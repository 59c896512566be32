import type { Contact, DirectoryEntryStore, Entry, EntryKind, EntryOwner } from "../directory/entries.ts";
import type { FieldCipher, FieldContext } from "../lib/field-encryption.ts";

/**
 * The live directory's contact people, sealed at rest (docs/prevention.md, "Consent"). An entry's
 * contact (a trusted address's host, a hotline's person) is stored as:
 * - `contactSealed`: the whole contact (name, phone, consent), one FieldCipher message whose
 *   context names the entry — what officers read back;
 * - `contact`: the public projection, only when the person agreed to be listed (`consent: true`) —
 *   what the public directory answers, read without a key.
 * So the public directory function stays free of the Encryption SDK (its bundle and cold start),
 * and a contact who did not agree is never in the table in clear. This store wraps the directory
 * table's store in the prevention function (the one that writes entries and has the key).
 */
export class SealedContactStore implements DirectoryEntryStore {
  constructor(
    private readonly inner: DirectoryEntryStore,
    private readonly cipher: () => FieldCipher,
    private readonly provinceSlug: string,
  ) {}

  async getEntry(kind: EntryKind, owner: EntryOwner, id: string): Promise<Entry | undefined> {
    const entry = await this.inner.getEntry(kind, owner, id);
    return entry === undefined ? undefined : this.open(entry);
  }

  async listEntries(kind: EntryKind, owner: EntryOwner): Promise<Entry[]> {
    const cipher = this.cipher().forRequest();
    return Promise.all((await this.inner.listEntries(kind, owner)).map((entry) => this.open(entry, cipher)));
  }

  async putEntry(entry: Entry, expectedVersion: number | undefined): Promise<boolean> {
    return this.inner.putEntry(await this.seal(entry), expectedVersion);
  }

  async putNewEntries(entries: Entry[]): Promise<void> {
    const cipher = this.cipher().forRequest();
    await this.inner.putNewEntries(await Promise.all(entries.map((entry) => this.seal(entry, cipher))));
  }

  private context(entry: Entry): FieldContext {
    const owner = entry.kind === "hotline" ? entry.entry.scope : entry.entry.commune;
    return { province: this.provinceSlug, table: "directory", recordId: `${entry.kind}#${owner}#${entry.entry.id}`, field: "contact" };
  }

  private async seal(entry: Entry, cipher = this.cipher()): Promise<Entry> {
    const { contact, contactSealed: _old, ...rest } = entry.entry;
    if (contact === undefined) return { kind: entry.kind, entry: rest } as Entry;
    const sealed = await cipher.encrypt(JSON.stringify(contact), this.context(entry));
    const listed = contact.consent ? { contact: { name: contact.name, ...(contact.phone === undefined ? {} : { phone: contact.phone }), consent: true } } : {};
    return { kind: entry.kind, entry: { ...rest, ...listed, contactSealed: sealed } } as Entry;
  }

  private async open(entry: Entry, cipher = this.cipher()): Promise<Entry> {
    const { contactSealed, ...rest } = entry.entry;
    // An entry written before contacts were sealed keeps its clear contact (read as it is).
    if (contactSealed === undefined) return entry;
    const contact = JSON.parse(await cipher.decrypt(contactSealed, this.context(entry))) as Contact;
    return { kind: entry.kind, entry: { ...rest, contact } } as Entry;
  }
}
