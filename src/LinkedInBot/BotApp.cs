using LinkedInBot.Telegram;

namespace LinkedInBot;

/// <summary>
/// Builds the whole bot: options, storage, the posting core, the adapters and the HTTP endpoints.
/// <c>Program.cs</c> runs it; tests build the same app with their own configuration on 127.0.0.1.
/// </summary>
public static class BotApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddTelegramAdapter();

        var app = builder.Build();
        app.MapGet("/healthz", () => "ok");
        app.MapTelegramWebhook();
        return app;
    }
}
