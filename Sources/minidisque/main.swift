import MiniDisque
