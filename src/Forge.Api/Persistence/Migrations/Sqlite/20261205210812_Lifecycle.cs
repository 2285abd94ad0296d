using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forge.Api.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Lifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NotificationPreferences",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationPreferences", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "WorkspaceLifecycles",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Connected = table.Column<bool>(type: "INTEGER", nullable: true),
                    LastConnectedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ConnectionCheckedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LifetimeStart = table.Column<long>(type: "INTEGER", nullable: true),
                    RunningSince = table.Column<long>(type: "INTEGER", nullable: true),
                    StoppedSince = table.Column<long>(type: "INTEGER", nullable: true),
                    KeepAliveSetAt = table.Column<long>(type: "INTEGER", nullable: true),
                    KeepAliveUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    KeepAliveRenewalsUsed = table.Column<int>(type: "INTEGER", nullable: false),
                    KeepAliveRenewalsLeft = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAction = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    NextActionAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NextActionReason = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    IdleNotice_Basis = table.Column<long>(type: "INTEGER", nullable: true),
                    IdleNotice_Delivery = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    IdleNotice_Due = table.Column<long>(type: "INTEGER", nullable: true),
                    IdleNotice_Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    IdleNotice_SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LifetimeNotice_Basis = table.Column<long>(type: "INTEGER", nullable: true),
                    LifetimeNotice_Delivery = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    LifetimeNotice_Due = table.Column<long>(type: "INTEGER", nullable: true),
                    LifetimeNotice_Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    LifetimeNotice_SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StaleNotice_Basis = table.Column<long>(type: "INTEGER", nullable: true),
                    StaleNotice_Delivery = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    StaleNotice_Due = table.Column<long>(type: "INTEGER", nullable: true),
                    StaleNotice_Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    StaleNotice_SentAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkspaceLifecycles", x => x.WorkspaceId);
                    table.ForeignKey(
                        name: "FK_WorkspaceLifecycles_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NotificationPreferences");

            migrationBuilder.DropTable(
                name: "WorkspaceLifecycles");
        }
    }
}
