/** The user of the admin page's test events (POST /api/admin/push/test-event), left out of the roster's "not on the roster" list. */
export const TEST_USER = "wallboard-test";
