using System.Diagnostics;
using System.Globalization;

namespace LinkedInBot.Benchmarks;

/// <summary>What this process has used: CPU for the figures, peak RSS for the line a bot process reports.</summary>
internal static class OwnProcess
{
    /// <summary>CPU time (user + system) so far; Linux counts it in 10 ms ticks.</summary>
    public static TimeSpan Cpu
    {
        get
        {
            using var self = Process.GetCurrentProcess();
            return self.TotalProcessorTime;
        }
    }

    /// <summary>The <see cref="BotMode.PeakRssPrefix"/> line that <see cref="BotProcess"/> reads at the end.</summary>
    public static void ReportPeakRss()
    {
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(BotMode.PeakRssPrefix + (self.PeakWorkingSet64 / 1048576.0).ToString("F1", CultureInfo.InvariantCulture));
    }
}
