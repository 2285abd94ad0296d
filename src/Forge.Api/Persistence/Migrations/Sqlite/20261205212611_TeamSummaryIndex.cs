using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forge.Api.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TeamSummaryIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ProvisioningRecords_TeamSummary",
                table: "ProvisioningRecords",
                columns: new[] { "FinishedAt", "OwnerId", "OwnerTeams", "Outcome", "DurationMs", "Blueprint", "Region", "Path" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProvisioningRecords_TeamSummary",
                table: "ProvisioningRecords");
        }
    }
}
