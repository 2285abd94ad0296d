using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forge.Api.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class UserIdentities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UserIdentities",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Teams = table.Column<List<string>>(type: "text[]", nullable: false),
                    Roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    DirectoryUser = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    TokenIssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RefreshedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserIdentities", x => x.UserId);
                });

            // Start from what Forge knew before: each owner's identity as of their newest workspace request,
            // refreshed then (so it expires Auth:IdentityMaxAge after that unless they make a request), and
            // older than any real token (so the next token they use replaces it).
            migrationBuilder.Sql(@"
                INSERT INTO ""UserIdentities"" (""UserId"", ""Teams"", ""Roles"", ""DirectoryUser"", ""TokenIssuedAt"", ""RefreshedAt"")
                SELECT ""OwnerId"", ""OwnerTeams"", ""OwnerRoles"", ""DirectoryUser"", TIMESTAMPTZ '1970-01-01 00:00:00+00', ""RequestedAt""
                FROM (SELECT w.*, ROW_NUMBER() OVER (PARTITION BY ""OwnerId"" ORDER BY ""RequestedAt"" DESC, ""Id"" DESC) AS ""Newest""
                      FROM ""Workspaces"" w) AS latest
                WHERE ""Newest"" = 1;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UserIdentities");
        }
    }
}
