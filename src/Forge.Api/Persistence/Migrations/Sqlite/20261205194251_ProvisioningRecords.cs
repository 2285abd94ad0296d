using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forge.Api.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "MonitoringCursors",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SentBefore = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonitoringCursors", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "ProvisioningRecords",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    OwnerTeams = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DurationMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Blueprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OperatingSystem = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProvisioningRecords", x => x.WorkspaceId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningRecords_FinishedAt_Outcome_DurationMs_Blueprint_Region_Path",
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
