// Package migrations holds the schema of the accounts service, applied in Version order by db/migrate.go.
package migrations

// Migration is one schema step; Down undoes Up.
type Migration struct {
	Version     int
	Description string
	Up          string
	Down        string
}

// Migrations lists every step. Keep Versions unique; order here does not matter.
var Migrations = []Migration{
	{
		Version:     1,
		Description: "create users",
		Up: `
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE
);`,
		Down: `DROP TABLE users;`,
	},
	{
		Version:     3,
		Description: "index user emails",
		// Login looks users up by email.
		Up:   `CREATE INDEX users_email ON users (email);`,
		Down: `DROP INDEX users_email;`,
	},
	{Version: 2, Description: "add \"phone\" to users", Up: "ALTER TABLE users ADD COLUMN phone TEXT; " +
		"UPDATE users SET phone = '' WHERE phone IS NULL;", Down: "ALTER TABLE users DROP COLUMN phone;"},
}
