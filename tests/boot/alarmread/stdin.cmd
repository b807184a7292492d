sleep 4
