using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forge.Api.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WarmPools : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClaimedAt",
                table: "Workspaces",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "IdentityRetiredAt",
                table: "Workspaces",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Pool",
                table: "Workspaces",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PoolBuildStartedAt",
                table: "Workspaces",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PooledAt",
                table: "Workspaces",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PoolClaims",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Pool = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Path = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    FallbackReason = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PoolClaims", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WarmPools",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Blueprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OperatingSystem = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Region = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    MinOverride = table.Column<int>(type: "integer", nullable: true),
                    MaxOverride = table.Column<int>(type: "integer", nullable: true),
                    EnabledOverride = table.Column<bool>(type: "boolean", nullable: true),
                    Paused = table.Column<bool>(type: "boolean", nullable: false),
                    PauseReason = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    PausedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    PausedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ConsecutiveBuildFailures = table.Column<int>(type: "integer", nullable: false),
                    BuildsCountedFrom = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastBuildFailure = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    Learning = table.Column<string>(type: "text", nullable: true),
                    LastPlan = table.Column<string>(type: "text", nullable: true),
                    LastPlannedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WarmPools", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PoolReservations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PoolId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PoolReservations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PoolReservations_WarmPools_PoolId",
                        column: x => x.PoolId,
                        principalTable: "WarmPools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Workspaces_Pool_ClaimedAt_Status",
                table: "Workspaces",
                columns: new[] { "Pool", "ClaimedAt", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_PoolClaims_Pool_At",
                table: "PoolClaims",
                columns: new[] { "Pool", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_PoolReservations_PoolId_At",
                table: "PoolReservations",
                columns: new[] { "PoolId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_WarmPools_Key",
                table: "WarmPools",
                column: "Key",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PoolClaims");

            migrationBuilder.DropTable(
                name: "PoolReservations");

            migrationBuilder.DropTable(
                name: "WarmPools");

            migrationBuilder.DropIndex(
                name: "IX_Workspaces_Pool_ClaimedAt_Status",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "ClaimedAt",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "IdentityRetiredAt",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "Pool",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "PoolBuildStartedAt",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "PooledAt",
                table: "Workspaces");
        }
    }
}
