using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forge.Api.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProvisioningRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProvisioningPath",
                table: "Workspaces",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "MonitoringCursors",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SentBefore = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoringCursors", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "ProvisioningRecords",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    OwnerTeams = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DurationMs = table.Column<long>(type: "bigint", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FailureReason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Blueprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OperatingSystem = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Region = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Path = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProvisioningRecords", x => x.WorkspaceId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningRecords_FinishedAt_Outcome_DurationMs_Blueprint~",
                table: "ProvisioningRecords",
                columns: new[] { "FinishedAt", "Outcome", "DurationMs", "Blueprint", "Region", "Path" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MonitoringCursors");

            migrationBuilder.DropTable(
                name: "ProvisioningRecords");

            migrationBuilder.DropColumn(
                name: "ProvisioningPath",
                table: "Workspaces");
        }
    }
}
