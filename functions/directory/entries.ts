import { randomUUID } from "node:crypto";
import type { Hotline, TrustedAddress } from "../../shared/province.ts";
import { RuleError, StaleError } from "../lib/kit/errors.ts";

/**
 * The live directory kept by the communes (docs/prevention.md, "Trusted addresses and hotlines").
 * Each entry of the public directory — a hotline or a trusted address — is owned by a commune (a
 * hotline may be province-wide, `scope = province`). The province file only seeds a new
 * deployment; from then on officers add, edit, suspend and remove entries here, and the public
 * answers (`/api/hotlines`, `/api/trusted-addresses`, `/api/directory`) read the same items.
 *
 * Privacy: an entry may name a contact person (a trusted address is often someone's home). Their
 * name and phone are published only when the entry records that they agreed to be listed
 * (`contact.consent`); otherwise the public sees the place without them.
 */
export type EntryKind = "hotline" | "trusted-address";
export const entryStatuses = ["active", "suspended", "removed"] as const;
export type EntryStatus = (typeof entryStatuses)[number];

export interface Contact {
  name: string;
  phone?: string;
  /** The person agreed to have their name and phone published. */
  consent: boolean;
}

/** What officers keep on each entry besides its public fields. Seeded entries have none yet (version 0, active). */
export interface Stewardship {
  status: EntryStatus;
  version: number;
  contact?: Contact;
  /**
   * The contact sealed (FieldCipher, functions/prevention/sealed-directory.ts): in the table
   * `contact` then holds only the public projection of a person who agreed to be listed.
   */
  contactSealed?: string;
  updatedAt?: string;
  updatedBy?: string;
}

export type HotlineEntry = Hotline & Partial<Stewardship>;
export type TrustedAddressEntry = TrustedAddress & Partial<Stewardship>;
export type Entry = { kind: "hotline"; entry: HotlineEntry } | { kind: "trusted-address"; entry: TrustedAddressEntry };

/** Where an entry lives: a commune's code, or `province` (province-wide hotlines only). */
export type EntryOwner = "province" | string;

export type HotlineFields = Omit<Hotline, "id" | "scope"> & { contact?: Contact; status?: "active" | "suspended" };
export type TrustedAddressFields = Omit<TrustedAddress, "id" | "commune"> & { contact?: Contact; status?: "active" | "suspended" };

export interface DirectoryEntryStore {
  getEntry(kind: EntryKind, owner: EntryOwner, id: string): Promise<Entry | undefined>;
  /** Every entry of one owner, suspended and removed ones included. */
  listEntries(kind: EntryKind, owner: EntryOwner): Promise<Entry[]>;
  /** Writes the entry (origin officer) if its stored version is `expectedVersion` (or it is new when undefined); false otherwise. */
  putEntry(entry: Entry, expectedVersion: number | undefined): Promise<boolean>;
  /** Writes all new entries, or none (transactions). */
  putNewEntries(entries: Entry[]): Promise<void>;
}

/** A contact person as the public sees them: only with their consent. */
export interface PublicContact {
  contact?: { name: string; phone?: string };
}

/** The public face of an entry, or undefined when it is not listed (suspended, removed). */
export function publicHotline(entry: HotlineEntry): (Hotline & PublicContact) | undefined {
  if ((entry.status ?? "active") !== "active") return undefined;
  const { status: _s, version: _v, contact, contactSealed: _c, updatedAt: _a, updatedBy: _b, ...rest } = entry;
  return { ...rest, ...publicContact(contact) };
}

export function publicTrustedAddress(entry: TrustedAddressEntry): (TrustedAddress & PublicContact) | undefined {
  if ((entry.status ?? "active") !== "active") return undefined;
  const { status: _s, version: _v, contact, contactSealed: _c, updatedAt: _a, updatedBy: _b, ...rest } = entry;
  return { ...rest, ...publicContact(contact) };
}

function publicContact(contact: Contact | undefined): PublicContact {
  if (!contact?.consent) return {};
  return { contact: contact.phone === undefined ? { name: contact.name } : { name: contact.name, phone: contact.phone } };
}

function versionOf(entry: Entry): number {
  return entry.entry.version ?? 0;
}

const notRemoved = (entry: Entry) => (entry.entry.status ?? "active") !== "removed";

/** One import row, already shaped (the XLSX reader checks each cell). */
export type ImportRow =
  | { kind: "hotline"; owner: EntryOwner; fields: HotlineFields }
  | { kind: "trusted-address"; owner: string; fields: TrustedAddressFields };

export class DirectoryEditing {
  constructor(
    private readonly store: DirectoryEntryStore,
    private readonly now: () => Date = () => new Date(),
    private readonly newId: () => string = randomUUID,
  ) {}

  /** The owner's entries as officers see them (contacts included; removed ones left out). */
  async list(owner: EntryOwner): Promise<{ hotlines: HotlineEntry[]; trustedAddresses: TrustedAddressEntry[] }> {
    const [hotlines, addresses] = await Promise.all([
      this.store.listEntries("hotline", owner),
      owner === "province" ? Promise.resolve([]) : this.store.listEntries("trusted-address", owner),
    ]);
    return {
      hotlines: hotlines.filter(notRemoved).map((entry) => withDefaults(entry.entry as HotlineEntry)),
      trustedAddresses: addresses.filter(notRemoved).map((entry) => withDefaults(entry.entry as TrustedAddressEntry)),
    };
  }

  async get(kind: EntryKind, owner: EntryOwner, id: string): Promise<Entry | undefined> {
    const found = await this.store.getEntry(kind, owner, id);
    return found && notRemoved(found) ? found : undefined;
  }

  async create(officerId: string, row: ImportRow): Promise<Entry> {
    if (row.kind === "trusted-address" && row.owner === "province") {
      throw new RuleError("path.commune", "Địa chỉ tin cậy thuộc một xã/phường", "A trusted address belongs to a commune");
    }
    const entry = this.build(officerId, row, this.newId(), 1);
    await this.store.putEntry(entry, undefined);
    return entry;
  }

  /** Replaces the entry's fields (and status active/suspended) if the client read the current version. */
  async update(officerId: string, current: Entry, fields: HotlineFields | TrustedAddressFields, expectedVersion: number): Promise<Entry> {
    if (versionOf(current) !== expectedVersion) throw new StaleError(current.entry);
    const owner = current.kind === "hotline" ? current.entry.scope : current.entry.commune;
    const next = this.build(officerId, { kind: current.kind, owner, fields } as ImportRow, current.entry.id, expectedVersion + 1);
    if (!(await this.store.putEntry(next, expectedVersion))) throw new StaleError((await this.store.getEntry(current.kind, owner, current.entry.id))?.entry);
    return next;
  }

  /** Removal keeps a tombstone: the entry leaves every list, and a re-seed of the province file cannot bring it back. */
  async remove(officerId: string, current: Entry, expectedVersion: number): Promise<void> {
    if (versionOf(current) !== expectedVersion) throw new StaleError(current.entry);
    const next = {
      kind: current.kind,
      entry: { ...current.entry, status: "removed", version: expectedVersion + 1, updatedAt: this.now().toISOString(), updatedBy: officerId },
    } as Entry;
    if (!(await this.store.putEntry(next, expectedVersion))) throw new StaleError(undefined);
  }

  /** Writes every row of a validated import as new entries, all or nothing. */
  async importRows(officerId: string, rows: ImportRow[]): Promise<Entry[]> {
    const entries = rows.map((row) => this.build(officerId, row, this.newId(), 1));
    await this.store.putNewEntries(entries);
    return entries;
  }

  private build(officerId: string, row: ImportRow, id: string, version: number): Entry {
    const { status, ...fields } = row.fields;
    const stewardship = { status: status ?? "active", version, updatedAt: this.now().toISOString(), updatedBy: officerId } as const;
    if (row.kind === "hotline") return { kind: "hotline", entry: { ...(fields as Omit<HotlineFields, "status">), id, scope: row.owner, ...stewardship } };
    return { kind: "trusted-address", entry: { ...(fields as Omit<TrustedAddressFields, "status">), id, commune: row.owner, ...stewardship } };
  }
}

function withDefaults<T extends Partial<Stewardship>>(entry: T): T & { status: EntryStatus; version: number } {
  return { ...entry, status: entry.status ?? "active", version: entry.version ?? 0 };
}
