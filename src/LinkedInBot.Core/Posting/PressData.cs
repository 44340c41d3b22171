using System.Globalization;

namespace LinkedInBot.Core.Posting;

/// <summary>
/// What a button sends back: <c>action:number</c>. Short on purpose (Telegram's callback_data takes 64 bytes, Discord's
/// custom_id 100 characters), and never a secret: the number is checked against the presser every time.
/// </summary>
public readonly record struct PressData(string Action, long Number)
{
    // Published posts.
    public const string Delete = "delete";
    public const string DeleteYes = "delete-yes";
    public const string DeleteKeep = "delete-keep";
    public const string Edit = "edit";

    // Waiting posts (scheduled, late, drafts).
    public const string CancelScheduled = "cancel";
    public const string LateNow = "late-now";
    public const string LateCancel = "late-cancel";
    public const string DraftPublish = "draft-publish";
    public const string DraftSchedule = "draft-schedule";
    public const string DraftCancel = "draft-cancel";

    // Proposals of team approval.
    public const string Approve = "approve";
    public const string Reject = "reject";

    public bool IsAboutProposal => Action is Approve or Reject;

    public bool IsAboutPublishedPost => Action is Delete or DeleteYes or DeleteKeep or Edit;

    public override string ToString() => Action + ":" + Number.ToString(CultureInfo.InvariantCulture);

    public static string Of(string action, long number) => new PressData(action, number).ToString();

    public static bool TryParse(string? data, out PressData press)
    {
        press = default;
        var colon = data?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0 || !long.TryParse(data.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        press = new PressData(data![..colon], number);
        return press.Action is Delete or DeleteYes or DeleteKeep or Edit or CancelScheduled or LateNow or LateCancel or DraftPublish or DraftSchedule or DraftCancel or Approve or Reject;
    }
}
