namespace LinkedInBot.Core;

/// <summary>
/// A reason the bot cannot start that an operator can fix, with a message written for them (what is wrong and
/// what to do). <c>Program.cs</c> prints it as one line instead of a stack trace.
/// </summary>
public sealed class BotStartupException : InvalidOperationException
{
    public BotStartupException(string message)
        : base(message)
    {
    }

    public BotStartupException()
    {
    }

    public BotStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
