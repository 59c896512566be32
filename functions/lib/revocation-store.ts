import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { epochSeconds, type RevocationLog, type RevocationLookup, revocationRetentionSeconds } from "./revocations.ts";

/**
 * The `revocations` table (shared/tables.ts): one item per officer, `{ officerId, revokedAt,
 * expiresAt }`, overwritten by each new revocation (a later `revokedAt` supersedes an earlier one).
 * `expiresAt` is the TTL attribute: DynamoDB forgets the item once every token it revokes has
 * expired anyway (TTL deletes late, never early, so a late deletion only keeps refusing tokens
 * that are already expired).
 */
export class DynamoRevocationStore implements RevocationLog, RevocationLookup {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async revoke(officerId: string, at: Date): Promise<void> {
    const revokedAt = epochSeconds(at);
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { officerId, revokedAt, expiresAt: revokedAt + revocationRetentionSeconds } }));
  }

  /**
   * One eventually consistent GetItem: a read that misses a revocation written a moment ago lets a
   * revoked token through for that moment only (DynamoDB converges within about a second), which
   * is far inside the gap this table closes; a strongly consistent read would cost twice as much
   * on every officer request.
   */
  async revokedAt(officerId: string): Promise<number | undefined> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { officerId }, ProjectionExpression: "revokedAt" }));
    const revokedAt = result?.Item?.revokedAt;
    return typeof revokedAt === "number" ? revokedAt : undefined;
  }
}
