using System.Collections.Concurrent;
using System.Diagnostics;

namespace LinkedInBot.Core.Jobs;

/// <summary>
/// Names of lease holders, <c>host/boot/process/random</c>, and the one case where a holder is surely dead: an earlier
/// run of the bot on this machine, since this boot, whose process is gone (or which had this very process id, as a
/// container's PID 1 has after a restart, and is not a runner of this process). Its leases are taken over at start-up
/// instead of after <c>Bot:LeaseTimeout</c>, so a restarted bot answers its cut-off posts within seconds. Nothing else
/// can be known dead: a replica on another host may only be slow, and its leases expire by themselves.
/// Replicas must therefore have distinct host names (Docker and Kubernetes give every container its own).
/// </summary>
internal static class LeaseOwners
{
    private static readonly string Machine = Environment.MachineName;
    private static readonly string Boot = ReadBootId();
    private static readonly ConcurrentDictionary<string, byte> LiveHere = new(StringComparer.Ordinal);

    /// <summary>A new holder name for a runner of this process; <see cref="Retire"/> it when the runner ends.</summary>
    public static string Create()
    {
        var owner = $"{Machine}/{Boot}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
        LiveHere[owner] = 0;
        return owner;
    }

    public static void Retire(string owner) => LiveHere.TryRemove(owner, out _);

    /// <summary>True only when <paramref name="owner"/> is surely dead (see the class); false when in doubt.</summary>
    public static bool IsGone(string owner)
    {
        var parts = owner.Split('/');
        if (parts.Length != 4 || parts[0] != Machine || parts[1] != Boot || !int.TryParse(parts[2], out var processId))
        {
            return false;
        }

        if (processId == Environment.ProcessId)
        {
            return !LiveHere.ContainsKey(owner);
        }

        try
        {
            using var process = Process.GetProcessById(processId);

            // Alive, or its id was reused by another process: in doubt.
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or PlatformNotSupportedException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    // Tells this boot from an earlier one (PIDs start over) and hosts that share a name. Linux only; elsewhere "-",
    // and the process check alone decides.
    private static string ReadBootId()
    {
        try
        {
            var id = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim().Replace("-", string.Empty, StringComparison.Ordinal);
            return id.Length >= 8 ? id[..8] : "-";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "-";
        }
    }
}
