using Microsoft.Extensions.Options;

namespace LinkedInBot.Discord;

/// <summary>
/// Registers <c>/linkedin</c> and the "Share to LinkedIn" message command at start-up (bulk overwrite, so
/// every start converges on this list). Needs <c>Discord:BotToken</c>; failures are logged and the bot runs on.
/// </summary>
internal sealed class DiscordCommandRegistration(
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    ILogger<DiscordCommandRegistration> logger) : BackgroundService
{
    // integration_types: 0 guild install, 1 user install; contexts: 0 guild, 1 bot DM, 2 private channel.
    private static readonly int[] Everywhere = [0, 1];
    private static readonly int[] AllContexts = [0, 1, 2];

    /// <summary>The command list (reference discord-interactions.md §4). A MESSAGE command has no description.</summary>
    internal static object Commands { get; } = new object[]
    {
        new
        {
            type = 1,
            name = LinkedInSlashCommand.Name,
            description = "Publish to LinkedIn",
            integration_types = Everywhere,
            contexts = AllContexts,
            options = new object[]
            {
                new
                {
                    type = 1,
                    name = "link",
                    description = "Link your LinkedIn account",
                    // Without it: the consent link. With it: the one-time code the LinkedIn page showed, to finish.
                    options = new object[]
                    {
                        new { type = 3, name = "code", description = "The code shown after you sign in to LinkedIn", required = false, min_length = 6, max_length = 10 },
                    },
                },
                new
                {
                    type = 1,
                    name = "post",
                    description = "Publish a post",
                    // None is required on its own: a post may be text, images or a document, or both (none is refused).
                    // Several images make one multi-image post, in this order; an image's description is its alt text.
                    options = new object[]
                    {
                        new { type = 3, name = "text", description = "Post text", required = false },
                        new { type = 11, name = "image", description = "Optional image, or an MP4 or MOV video", required = false },
                        new { type = 11, name = "image2", description = "A second image", required = false },
                        new { type = 11, name = "image3", description = "A third image", required = false },
                        new { type = 11, name = "image4", description = "A fourth image", required = false },
                        new { type = 11, name = "document", description = "A PDF, PPT, PPTX, DOC or DOCX (not with images)", required = false },
                    },
                },
                new
                {
                    type = 1,
                    name = "draft",
                    description = "Preview a post, then publish or schedule it",
                    options = new object[]
                    {
                        new { type = 3, name = "text", description = "Post text", required = false },
                        new { type = 11, name = "image", description = "Optional image", required = false },
                    },
                },
                new
                {
                    type = 1,
                    name = "schedule",
                    description = "Publish a post later",
                    options = new object[]
                    {
                        new { type = 3, name = "when", description = "tomorrow 9:00, mon 9:30, in 2h, 2026-12-24 09:30 (your time zone)", required = true },
                        new { type = 3, name = "text", description = "Post text", required = false },
                        new { type = 11, name = "image", description = "Optional image", required = false },
                    },
                },
                new { type = 1, name = "posts", description = "Your last 10 posts" },
                new { type = 1, name = "queue", description = "Your scheduled posts" },
                new
                {
                    type = 1,
                    name = "cancel",
                    description = "Cancel a scheduled post",
                    options = new object[] { new { type = 4, name = "number", description = "The number /linkedin queue shows", required = true, min_value = 1 } },
                },
                new
                {
                    type = 1,
                    name = "delete",
                    description = "Delete a published post from LinkedIn",
                    options = new object[] { new { type = 4, name = "number", description = "The number /linkedin posts shows", required = true, min_value = 1 } },
                },
                new
                {
                    type = 1,
                    name = "edit",
                    description = "Change a published post's text",
                    options = new object[]
                    {
                        new { type = 4, name = "number", description = "The number /linkedin posts shows", required = true, min_value = 1 },
                        new { type = 3, name = "text", description = "The new text", required = true },
                    },
                },
                new
                {
                    type = 1,
                    name = "timezone",
                    description = "Show or set your time zone",
                    options = new object[] { new { type = 3, name = "zone", description = "An IANA name such as Europe/Berlin", required = false } },
                },
                new
                {
                    type = 1,
                    name = "settings",
                    description = "Show or change your settings",
                    options = new object[]
                    {
                        new { type = 3, name = "preview", description = "Preview every post first", required = false, choices = new object[] { new { name = "on", value = "on" }, new { name = "off", value = "off" } } },
                    },
                },
                new { type = 1, name = "pages", description = "Company pages you may post as" },
                new
                {
                    type = 1,
                    name = "as",
                    description = "Post as a company page in this channel, or as yourself",
                    options = new object[] { new { type = 3, name = "page", description = "A page's name or number, or me", required = true, autocomplete = true } },
                },
                new
                {
                    type = 1,
                    name = "approval",
                    description = "Team approval in this channel: posts wait for a page admin (Manage Server to change)",
                    options = new object[]
                    {
                        new { type = 3, name = "state", description = "on or off; leave out to see it", required = false, choices = new object[] { new { name = "on", value = "on" }, new { name = "off", value = "off" } } },
                        new { type = 3, name = "page", description = "The page posts go to (with on)", required = false, autocomplete = true },
                    },
                },
                new { type = 1, name = "unlink", description = "Forget the linked account" },
                new { type = 1, name = "status", description = "Show link status" },
                new
                {
                    type = 1,
                    name = "forget",
                    description = "Delete everything the bot keeps about you",
                    // Without it: what would be deleted, and a Forget me button. With it: delete at once.
                    options = new object[]
                    {
                        new { type = 3, name = "confirm", description = "yes: delete now, without asking", required = false, choices = new object[] { new { name = "yes", value = "yes" } } },
                    },
                },
            },
        },
        new { type = 3, name = ShareToLinkedIn.Name, integration_types = Everywhere, contexts = AllContexts },
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var discord = options.Value;
        if (string.IsNullOrWhiteSpace(discord.BotToken))
        {
            logger.LogInformation("Discord:BotToken is not set: slash commands are not registered (they stay as they were registered before)");
            return;
        }

        var scope = string.IsNullOrWhiteSpace(discord.GuildId) ? "globally" : $"in guild {discord.GuildId}";
        try
        {
            var count = await rest.OverwriteCommandsAsync(discord.ApplicationId, discord.GuildId, Commands, discord.BotToken.Trim(), stoppingToken);
            logger.LogInformation("Registered {Count} Discord commands {Scope}", count, scope);
        }
        catch (DiscordApiException ex) when (ex.Status == System.Net.HttpStatusCode.Unauthorized)
        {
            logger.LogError("Discord refused Discord:BotToken while registering commands {Scope} (401). Copy the token again from Developer Portal → Bot", scope);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError("Registering the Discord commands {Scope} failed; the bot keeps running with the commands Discord already has: {Reason}", scope, ex.Message);
        }
    }
}
