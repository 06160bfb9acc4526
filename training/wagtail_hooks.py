"""Admin → Training: registers the app's staff screens (training/admin/)."""

from wagtail import hooks

from home.waiting_work import WAITING_WORK_HOOK
from training.admin import completions

# Completions and certificates (helper C): its own hooks, to merge into the Training menu.
hooks.register("register_admin_urls", completions.admin_urls)
hooks.register("register_admin_menu_item", completions.menu_item)
hooks.register(WAITING_WORK_HOOK, completions.waiting)
hooks.register("register_log_actions", completions.log_actions)
