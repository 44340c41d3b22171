using Microsoft.AspNetCore.Builder;

namespace LinkedInBot.Benchmarks;

/// <summary>
/// <c>--empty-app</c>: the floor for the memory figures — an ASP.NET Core <see cref="WebApplication"/> with nothing
/// mapped, listening on loopback, with the same GC settings and logging configuration as the bot. Prints
/// <see cref="ChildProcess.Ready"/> once started and runs until standard input closes.
/// </summary>
internal static class EmptyApp
{
    public static async Task<int> RunAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        var app = builder.Build();
        await app.StartAsync();
        Console.WriteLine(ChildProcess.Ready);
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        return 0;
    }
}
