import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { assigneeId, User, userOrNull } from "../../lib/client/user.ts";

Deno.test("User reads the server's JSON into read-only camelCase properties", () => {
  const user = new User({
    id: 2,
    username: "ann",
    email: "ann@example.com",
    first_name: "Ann",
    last_name: "Lee",
    groups: ["user"],
    is_staff: false,
    is_superuser: false,
    is_active: true,
    last_login: "2024-01-01T00:00:00Z",
    date_joined: "2023-01-01T00:00:00Z",
  });
  strictEqual(user.lastName, "Lee");
  deepStrictEqual(user.groups, ["user"]);
  strictEqual(user.dateJoined, "2023-01-01T00:00:00Z");
  throws(() => (user as { id: number }).id = 3, TypeError);
  strictEqual(user.toJSON().first_name, "Ann");
  throws(() => new User({} as never), /integer id/);
});

Deno.test("assignee ids: a User, an id or null; anything else is an ArgumentError", () => {
  strictEqual(assigneeId(7, "assignee"), 7);
  strictEqual(assigneeId(new User({ id: 8 }), "assignee"), 8);
  throws(() => assigneeId("ann", "assignee"), /assignee must be a User/);
  throws(() => assigneeId(0, "assignee"), /assignee/);
  strictEqual(userOrNull(undefined), null);
});
