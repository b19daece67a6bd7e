from rose.medicines.management.commands._jsoncommand import JsonCommand


class Command(JsonCommand):
    help = "Plan a taper: a taper request as JSON on stdin, the plan as JSON on stdout (exit 2 on bad input)."
    kind = "taper"
