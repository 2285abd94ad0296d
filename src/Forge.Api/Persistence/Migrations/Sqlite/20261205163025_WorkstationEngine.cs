using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forge.Api.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorkstationEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WorkspaceLocks");

            migrationBuilder.AddColumn<bool>(
                name: "DotfileSyncDue",
                table: "Workspaces",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "SecretsDue",
                table: "Workspaces",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Transition",
                table: "Workspaces",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TransitionStepsAfter",
                table: "Workspaces",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // The user-data and dotfile-sync job kinds are gone (the workspace's own job does their work), and
            // at most one job per workspace may be open: retire the rest before the index says so.
            migrationBuilder.Sql("""
                UPDATE "Jobs" SET "State" = 'failed', "LastError" = 'Retired by the workstation engine: the workspace''s own job does this work.'
                WHERE "State" IN ('queued', 'running') AND "Kind" IN ('user-data', 'dotfiles-sync');
                UPDATE "Jobs" SET "State" = 'failed', "LastError" = 'Retired by the workstation engine: a workspace has one open job.'
                WHERE "State" IN ('queued', 'running') AND EXISTS (SELECT 1 FROM "Jobs" AS "Other"
                    WHERE "Other"."SubjectId" = "Jobs"."SubjectId" AND "Other"."Kind" = "Jobs"."Kind" AND "Other"."State" IN ('queued', 'running')
                    AND ("Other"."CreatedAt" < "Jobs"."CreatedAt" OR ("Other"."CreatedAt" = "Jobs"."CreatedAt" AND "Other"."Id" < "Jobs"."Id")));
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_OneOpenPerSubject",
                table: "Jobs",
                columns: new[] { "SubjectId", "Kind" },
                unique: true,
                filter: "\"State\" IN ('queued', 'running')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Jobs_OneOpenPerSubject",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "DotfileSyncDue",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "SecretsDue",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "Transition",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "TransitionStepsAfter",
                table: "Workspaces");

            migrationBuilder.CreateTable(
                name: "WorkspaceLocks",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkspaceLocks", x => x.WorkspaceId);
                });
        }
    }
}
