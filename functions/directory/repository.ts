import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, type QueryCommandInput, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Commune, Hotline, Province, TrustedAddress } from "../../shared/province.ts";
import type { DirectoryEntryStore, Entry, EntryKind, EntryOwner, HotlineEntry, TrustedAddressEntry } from "./entries.ts";
import type { DirectoryStore, SeedState } from "./service.ts";

/**
 * DynamoDB store of the directory table (keys in shared/tables.ts). Items written by the seed carry
 * `origin = "province-file"`; an admin edit (later issue) sets another origin, and the seed then
 * leaves that item alone, so re-seeding is idempotent and never undoes an admin's work.
 */
const SEED_ORIGIN = "province-file";
/** Entries written by officers (functions/directory/entries.ts): the seed never touches them again. */
const OFFICER_ORIGIN = "officer";
/** The sparse index of every trusted address of the province (shared/tables.ts, allTrusted). */
const TRUSTED_LIST = "TRUSTED";

const keys = {
  commune: (code: string) => ({ pk: "COMMUNE", sk: code }),
  hotline: (hotline: Pick<Hotline, "scope" | "id">) => ({ pk: "HOTLINE", sk: `${hotline.scope === "province" ? "PROVINCE" : hotline.scope}#${hotline.id}` }),
  trusted: (address: Pick<TrustedAddress, "commune" | "id">) => ({ pk: `TRUSTED#${address.commune}`, sk: address.id, trustedList: TRUSTED_LIST }),
  seedState: { pk: "META", sk: "SEED" },
};

type Item = Record<string, unknown>;

function strip<T>(item: Item): T {
  const { pk: _pk, sk: _sk, origin: _origin, trustedList: _list, ...rest } = item;
  return rest as T;
}

function entryKey(entry: Entry) {
  return entry.kind === "hotline" ? keys.hotline(entry.entry) : keys.trusted(entry.entry);
}

/**
 * One commune by code, and nothing else of the directory: what a function that only names
 * communes needs (the admin profile, the officer rules), without the rest of the store in its bundle.
 */
export class DynamoCommuneReader {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async getCommune(code: string): Promise<Commune | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.commune(code) }));
    return Item ? strip<Commune>(Item) : undefined;
  }
}

export class DynamoDirectoryStore extends DynamoCommuneReader implements DirectoryStore, DirectoryEntryStore {
  async listCommunes(): Promise<Commune[]> {
    return (await this.queryAll({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "COMMUNE" } })).map((item) => strip<Commune>(item));
  }

  async listHotlines(scope: "province" | string): Promise<Hotline[]> {
    const prefix = scope === "province" ? "PROVINCE#" : `${scope}#`;
    const items = await this.queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": "HOTLINE", ":prefix": prefix },
    });
    return items.map((item) => strip<Hotline>(item));
  }

  async listAllHotlines(): Promise<Hotline[]> {
    return (await this.queryAll({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "HOTLINE" } })).map((item) => strip<Hotline>(item));
  }

  async listTrustedAddresses(communeCode: string): Promise<TrustedAddress[]> {
    const items = await this.queryAll({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `TRUSTED#${communeCode}` } });
    return items.map((item) => strip<TrustedAddress>(item));
  }

  async listAllTrustedAddresses(): Promise<TrustedAddress[]> {
    const items = await this.queryAll({
      IndexName: "allTrusted",
      KeyConditionExpression: "trustedList = :list",
      ExpressionAttributeValues: { ":list": TRUSTED_LIST },
    });
    return items.map((item) => strip<TrustedAddress>(item));
  }

  async getEntry(kind: EntryKind, owner: EntryOwner, id: string): Promise<Entry | undefined> {
    const key = kind === "hotline" ? keys.hotline({ scope: owner, id }) : keys.trusted({ commune: owner, id });
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }));
    if (!Item) return undefined;
    return kind === "hotline" ? { kind, entry: strip<HotlineEntry>(Item) } : { kind, entry: strip<TrustedAddressEntry>(Item) };
  }

  async listEntries(kind: EntryKind, owner: EntryOwner): Promise<Entry[]> {
    if (kind === "hotline") return (await this.listHotlines(owner)).map((entry) => ({ kind, entry }));
    return (await this.listTrustedAddresses(owner)).map((entry) => ({ kind, entry }));
  }

  async putEntry(entry: Entry, expectedVersion: number | undefined): Promise<boolean> {
    // A seeded entry has no version yet: version 0 is "as the province file wrote it".
    const condition =
      expectedVersion === undefined
        ? { ConditionExpression: "attribute_not_exists(pk)" }
        : expectedVersion === 0
          ? { ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(version)" }
          : { ConditionExpression: "version = :expected", ExpressionAttributeValues: { ":expected": expectedVersion } };
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...entryKey(entry), ...entry.entry, origin: OFFICER_ORIGIN }, ...condition }));
      return true;
    } catch (error) {
      if ((error as Error).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }

  async putNewEntries(entries: Entry[]): Promise<void> {
    // TransactWriteItems holds at most 100 actions: a larger import is a few transactions, each
    // all-or-nothing (the whole file was validated before the first one).
    for (let start = 0; start < entries.length; start += 100) {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: entries.slice(start, start + 100).map((entry) => ({
            Put: {
              TableName: this.tableName,
              Item: { ...entryKey(entry), ...entry.entry, origin: OFFICER_ORIGIN },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          })),
        }),
      );
    }
  }

  async getSeedState(): Promise<SeedState | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.seedState }));
    return Item ? strip<SeedState>(Item) : undefined;
  }

  async seed(province: Province, seededAt: string): Promise<{ written: number; keptEdited: number }> {
    const items: Item[] = [
      ...province.communes.map((commune) => ({ ...keys.commune(commune.code), ...commune })),
      ...province.hotlines.map((hotline) => ({ ...keys.hotline(hotline), ...hotline })),
      ...province.trustedAddresses.map((address) => ({ ...keys.trusted(address), ...address })),
    ];
    let written = 0;
    let keptEdited = 0;
    // Conditional puts, a few at a time: BatchWrite cannot carry a condition.
    for (let start = 0; start < items.length; start += 16) {
      const results = await Promise.all(items.slice(start, start + 16).map((item) => this.putSeedItem(item)));
      written += results.filter(Boolean).length;
      keptEdited += results.filter((result) => !result).length;
    }
    const state: SeedState = { province: province.slug, seededAt, communes: province.communes.length };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.seedState, ...state } }));
    return { written, keptEdited };
  }

  private async putSeedItem(item: Item): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...item, origin: SEED_ORIGIN },
          ConditionExpression: "attribute_not_exists(pk) OR origin = :seed",
          ExpressionAttributeValues: { ":seed": SEED_ORIGIN },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }

  private async queryAll(input: Omit<QueryCommandInput, "TableName">): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }
}
