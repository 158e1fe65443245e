"""The bot scope each Web API method we call needs (Slack's method reference).

A test scans the code for Web API calls, and checks each one is listed here and its scope is
requested in every manifest under deploy/slack/.
"""

from __future__ import annotations

METHOD_SCOPES: dict[str, tuple[str, ...]] = {
    "auth.test": (),
    "chat.postMessage": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "chat.update": ("chat:write",),
    "chat.scheduleMessage": ("chat:write",),
    "chat.deleteScheduledMessage": ("chat:write",),
    "chat.scheduledMessages.list": (),  # the app's own scheduled messages: no scope
    "chat.getPermalink": (),
    "conversations.open": ("im:write",),
    "conversations.history": ("channels:history", "groups:history", "im:history"),
    "conversations.members": ("channels:read", "groups:read"),
    "conversations.info": ("channels:read", "groups:read"),
    "users.info": ("users:read",),
    "users.list": ("users:read",),
    "users.getPresence": ("users:read",),
    "dnd.info": ("dnd:read",),
    "dnd.teamInfo": ("dnd:read",),
    "views.publish": (),
    "views.open": (),
    "views.update": (),
    "views.push": (),
    "files.getUploadURLExternal": ("files:write",),
    "files.completeUploadExternal": ("files:write",),
    "files.upload_v2": ("files:write",),
    "team.info": ("team:read",),
}
