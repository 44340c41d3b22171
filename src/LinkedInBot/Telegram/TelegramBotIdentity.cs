namespace LinkedInBot.Telegram;

/// <summary>
/// The bot's own username from getMe. Group commands are addressed as <c>/post@Username</c> and the
/// private-chat deep link is <c>https://t.me/Username?start=link</c>, so updates wait until it is known.
/// </summary>
internal sealed class TelegramBotIdentity
{
    private readonly TaskCompletionSource<string> _username = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsKnown => _username.Task.IsCompletedSuccessfully;

    public void Set(string username) => _username.TrySetResult(username);

    public Task<string> WaitAsync(CancellationToken cancellationToken) => _username.Task.WaitAsync(cancellationToken);
}
