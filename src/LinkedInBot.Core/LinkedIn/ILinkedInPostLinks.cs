namespace LinkedInBot.Core.LinkedIn;

/// <summary>
/// Where a published post can be opened. LinkedIn's API answers with a URN only, so the URL is ours to build;
/// a host that stands in for LinkedIn (the sandbox) replaces this so chat replies don't point at linkedin.com.
/// </summary>
public interface ILinkedInPostLinks
{
    Uri For(string postUrn);
}

/// <summary>The post's page on linkedin.com, the link LinkedIn's own "Copy link to post" gives.</summary>
internal sealed class LinkedInPostLinks : ILinkedInPostLinks
{
    public Uri For(string postUrn) => new("https://www.linkedin.com/feed/update/" + postUrn + "/");
}
