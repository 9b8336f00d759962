using Microsoft.FluentUI.AspNetCore.Components;
using RedisAspire.Web.Components;
using RedisAspire.Web.Identity;
using RedisAspire.Web.Services;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceIdentity();

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();
builder.Services.AddFluentUIComponents();

// "https+http://api": the Api's address comes from service discovery, whichever scheme it serves.
// The Api answers no anonymous caller: every request carries the dashboard's own token.
builder.Services.AddHttpClient<ApiClient>(client => client.BaseAddress = new Uri("https+http://api"))
    .AddHttpMessageHandler<ServiceIdentityHandler>()
    .AddDashboardResilience();
builder.Services.AddScoped<OverviewHistory>();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();
app.MapDefaultEndpoints();

app.Run();
