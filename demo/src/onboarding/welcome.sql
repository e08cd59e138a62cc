-- @outcome KR-3
-- Accounts that finished the welcome checklist within a day of sign-up.
SELECT account_id
FROM accounts
WHERE activated_at - created_at < INTERVAL '24 hours';
