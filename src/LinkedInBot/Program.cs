LinkedInBot.BotApp.Build(args).Run();
