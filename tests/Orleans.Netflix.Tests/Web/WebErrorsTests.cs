using Orleans.Netflix.Common;
using Orleans.Netflix.Web.Errors;

namespace Orleans.Netflix.Tests.Web;

public sealed class WebErrorsTests
{
    [Fact]
    public void ADatabaseThatDoesNotAnswer_Is503_SayingToTryAgain_WithoutTheSilosDetail()
    {
        var (status, title, detail) = WebErrors.Describe(
            new StorageUnavailableException("saving member of member/m-1", "Failed to connect to 10.0.0.5:5432: Connection refused"));

        Assert.Equal(503, status); // answered with Retry-After, as an unreachable region is
        Assert.Equal("This region is unavailable", title);
        Assert.Equal("The service cannot save or load this right now. Try again in a few seconds.", detail);
        Assert.DoesNotContain("10.0.0.5", detail); // where the database lives stays in the silo's log
    }
}
