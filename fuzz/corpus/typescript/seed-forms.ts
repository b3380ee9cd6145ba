enum Role { Admin = "admin", Member = "member" }
interface Base { id: string; createdAt: Date }
export interface User extends Base {
  email: string;
  role: Role;
  tags?: Array<string>;
  profile: { bio?: string; links: Record<string, string>[] } | null;
  status: "active" | `pending` | 'gone';
  readonly teamIds: string[];
  /** @default now() */
  seenAt?: Date | null;
}
type Team = { id: string; name: string; members: User[]; owner: Partial<Pick<User, "id">> };
export class Ignored { method(): void { if (x) { y(); } } }
