// Placeholder for the Open Connect-style edge (issue 4 fills it): for now it only answers /health,
// so the solution has its final shape and the edge's port conventions can be tried.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health", () => Results.Ok(new { status = "placeholder", role = "edge" }));
app.Run();
