"""What drives a simulator and shows it: the headless JSON protocol, the live terminal
view, drawing the OLED (terminal blocks, PNG) and reading its pixels back as text."""
