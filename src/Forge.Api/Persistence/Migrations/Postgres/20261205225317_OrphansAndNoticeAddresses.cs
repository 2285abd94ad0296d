using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forge.Api.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OrphansAndNoticeAddresses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Email",
                table: "UserIdentities",
                type: "character varying(320)",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SlackMemberId",
                table: "NotificationPreferences",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "OrphanWorkspaces",
                columns: table => new
                {
                    CloudWorkspaceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Region = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DirectoryId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DirectoryUser = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    BundleId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ForgeId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Blueprint = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CloudState = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FirstSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    KeptBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    KeptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TerminationRequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrphanWorkspaces", x => x.CloudWorkspaceId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OrphanWorkspaces");

            migrationBuilder.DropColumn(
                name: "Email",
                table: "UserIdentities");

            migrationBuilder.DropColumn(
                name: "SlackMemberId",
                table: "NotificationPreferences");
        }
    }
}
